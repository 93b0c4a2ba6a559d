"""Domain logic: entities, rules and figures. Imports neither Qt nor sqlite."""
