"""Getting the skill to agents: installing it into their skill folders, and the ``.skill`` archive."""
