-- The password migration's prompt: when the person last pressed "Continue" on "Switch to
-- passwordless sign-in?" (the prompt waits selfservice.methods.password.config.prompt_interval).
-- Applied migrations are never edited.
ALTER TABLE passwords ADD COLUMN prompt_put_off_at INTEGER;
