"""Ask the Center: a person's question reaches a consultant, and the answer comes back."""
