package main

import (
	"context"
	"errors"
)

func runScan(ctx context.Context, args []string, e env) error {
	return errors.New("scan: not built yet")
}
