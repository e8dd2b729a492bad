"""One case and its workflow: who may see it, what is filed, the actions and their
effects, the advice drafts and letters, documents and the Woo decision."""
