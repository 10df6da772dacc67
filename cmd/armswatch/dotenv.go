package main

import (
	"errors"
	"io/fs"

	"github.com/joho/godotenv"
)

// loadDotEnv fills defaults from ./.env (or the file named by ENV_FILE)
// when present: the real environment always wins.
func loadDotEnv(e *env) {
	path := e.getenv("ENV_FILE")
	if path == "" {
		path = ".env"
	}
	values, err := godotenv.Read(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			// A broken .env is reported, not fatal: the environment may suffice.
			e.dotenvErr = err
		}
		return
	}
	real := e.getenv
	e.getenv = func(key string) string {
		if v := real(key); v != "" {
			return v
		}
		return values[key]
	}
}
