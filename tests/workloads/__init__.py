"""Programs that tests run in a child process (to kill it mid-write, to time it, …)."""
