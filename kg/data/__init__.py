"""YAML -> checked records, each with the file and line it comes from (yamlfile, records, load)."""
