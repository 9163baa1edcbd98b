"""Writes for plans, one module per part (`plans.py`: plans, goals, steps and progress;
`help.py`: help requests and the curators' queue), re-exported here as they land."""
