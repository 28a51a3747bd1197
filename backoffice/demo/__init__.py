"""Demo content: the offices, standards and FAQ transcribed from the seed documents."""
