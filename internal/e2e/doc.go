// Package e2e holds Redpen's browser tests: they start the real server in-process, over a
// temporary SQLite file and the embedded content, and drive headless Chromium through
// chromedp the way learners and educators use the site — with the mouse, with the keyboard
// alone and with JavaScript off — and check every kind of page with axe-core.
//
// The package has no code outside its tests. It needs Chromium (/usr/bin/chromium,
// `chromium` on PATH, or $REDPEN_CHROMIUM) and, for the accessibility test, axe-core
// (`npm ci --prefix internal/e2e`, or $REDPEN_AXE_JS naming an axe.min.js). Without them the
// tests skip with a loud message; with REDPEN_REQUIRE_BROWSER=1 they fail instead, which is
// what CI should set.
//
// REDPEN_SCREENSHOTS=DIR makes the tests write PNG screenshots of the main pages to DIR.
package e2e
