-- The language of the browser that made each session: notices about an identity (a recovery
-- link issued by support, a passkey added) go out in the language of its latest sign-in, not in
-- the language of whoever caused them.
ALTER TABLE sessions ADD COLUMN language TEXT;
