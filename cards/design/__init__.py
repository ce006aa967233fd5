"""Designs: takes a template's TOML (and a brand kit's) and gives a checked, frozen
`Template`: colours, fonts by role, and every element's box at every size preset. Also
the catalog that finds templates by name, and the authoring tools (show, validate, new)."""
