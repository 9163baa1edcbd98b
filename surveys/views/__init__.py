"""Pages of surveys, one module per part: building and sending, answering, results, exports."""
