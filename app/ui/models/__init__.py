"""Qt table models over core objects, one module per subject; each model keeps its column
constants and is tested without widgets (qtmodeltester)."""
