"""Third-party libraries written against the array API standard, run on this namespace."""
