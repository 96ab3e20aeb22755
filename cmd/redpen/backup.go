package main

import (
	"context"
	"errors"
)

func runBackup(ctx context.Context, args []string, e env) error {
	return errors.New("backup: not built yet")
}
