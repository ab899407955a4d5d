package testdb

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// Mounted returns cmd run in new user and mount namespaces (util-linux
// unshare; no real root needed), after the shell lines of setup have
// mounted what the test needs: a read-only bind or a small, full tmpfs that
// only this command sees. A system without user namespaces fails the test
// with what to install or enable, rather than skipping it.
func Mounted(t testing.TB, cmd *exec.Cmd, setup ...string) *exec.Cmd {
	t.Helper()
	if out, err := exec.Command("unshare", "--user", "--map-root-user", "--mount", "true").CombinedOutput(); err != nil {
		t.Fatalf("unshare --user --mount is not available (%v: %s): install util-linux (scripts/deps.sh test) "+
			"and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)", err, out)
	}
	script := "set -eu\n" + strings.Join(setup, "\n") + "\nexec \"$@\"\n"
	args := append([]string{"--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", cmd.Path}, cmd.Args[1:]...)
	wrapped := exec.Command("unshare", args...)
	wrapped.Env, wrapped.Dir = cmd.Env, cmd.Dir
	wrapped.Stdin, wrapped.Stdout, wrapped.Stderr = cmd.Stdin, cmd.Stdout, cmd.Stderr
	return wrapped
}

// ReadOnly is the setup that makes path (a file or a directory) read-only
// for the command: a bind mount of itself, remounted read-only. Mode bits
// would not do: the tests may run as root, whom they do not stop.
func ReadOnly(path string) string {
	p := quote(path)
	return "mount --bind " + p + " " + p + "\nmount -o remount,ro,bind " + p
}

// FullDisk is the setup that puts dir, with its files, on a tmpfs of
// sizeKiB and fills what is left, so that the next write fails with ENOSPC.
// stash is an empty directory elsewhere to carry the files across.
func FullDisk(dir, stash string, sizeKiB int) string {
	d, s := quote(dir), quote(stash)
	return strings.Join([]string{
		"cp -a " + d + "/. " + s + "/",
		"mount -t tmpfs -o size=" + strconv.Itoa(sizeKiB) + "k,mode=0700 tmpfs " + d,
		"cp -a " + s + "/. " + d + "/",
		"dd if=/dev/zero of=" + d + "/.filler bs=4k 2>/dev/null || true", // stops at ENOSPC: the disk is full
	}, "\n")
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
