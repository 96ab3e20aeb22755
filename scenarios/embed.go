// Package scenarios embeds the scenarios, flaw categories and standards that ship with Redpen.
package scenarios

import "embed"

// FS holds taxonomy.yaml, standards.yaml and one markdown file per scenario.
//
//go:embed *.yaml *.md
var FS embed.FS
