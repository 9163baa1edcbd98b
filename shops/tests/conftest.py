from orders.tests.fixtures import carver, potter  # noqa: F401 (fixtures shared with orders)
