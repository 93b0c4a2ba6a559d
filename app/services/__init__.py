"""The user's tasks, one module each (build the dossier, import a register, pick the figures,
export and file packages, the demo…): the one place a task is done, called alike by the GUI,
the command line and the self-test. No Qt here; the GUI runs these in background jobs."""
