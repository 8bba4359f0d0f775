"""Developer tools, run by hand: the corpus runner and the scored-table comparison."""
