"""A skill folder read as data: safe YAML, the skill.yaml manifest, SKILL.md's frontmatter, derived files."""
