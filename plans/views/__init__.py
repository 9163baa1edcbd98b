"""Pages of plans, one module per part: the plans themselves, and help requests with the
curators' queue."""
