"""Posts: arguments (replies to the thread, with a stance) and nested replies."""
