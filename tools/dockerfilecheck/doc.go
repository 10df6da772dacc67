// Package dockerfilecheck holds the tests of the repository's Dockerfile
// that need BuildKit's Dockerfile parser: they live in this module of
// their own so that BuildKit is no dependency of armswatch itself. Run
// them with `cd tools/dockerfilecheck && go test ./...` (.ci/run does).
package dockerfilecheck
