"""The command-line shell: parse flags, call one core function, format the result."""
