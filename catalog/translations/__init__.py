"""The translation editor: which listings a user may translate, side by side, with machine filling and glossary hints."""
