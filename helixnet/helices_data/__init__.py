"""Data of helixnet.helices: name rules, firm brands, university acronyms and the name model."""
