// Package courses embeds the courses that ship with Redpen.
package courses

import "embed"

// FS holds every course folder: course.yaml and one markdown file per module.
//
//go:embed */course.yaml */*.md
var FS embed.FS
