package catalog

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ErrAssetRefused is why a file feed's icon or screenshot is not served
// (the handler answers 404 and sends no bytes).
var ErrAssetRefused = errors.New("asset refused")

func refusedAsset(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrAssetRefused, fmt.Sprintf(format, args...))
}

// localAsset is the one resolution of a file feed's asset reference ("a.png",
// "file:icons/a.png", "file:///abs/path"): the file must be, after every
// symlink is resolved, inside the feed file's folder; a regular file (never a
// FIFO, a device or a folder) of at most MaxAssetBytes; and an image by its
// content. It returns the bytes and the content type read from them.
//
// Why: a feed file can be written by someone else (a shared folder, a
// download); its "icon" must not make the desktop serve ~/.ssh/id_rsa,
// /etc/shadow, or hang on a FIFO or /dev/zero.
func localAsset(feedFile, ref string) ([]byte, string, error) {
	p := strings.TrimPrefix(ref, "file://")
	p = strings.TrimPrefix(p, "file:")
	dir, err := filepath.EvalSymlinks(filepath.Dir(feedFile))
	if err != nil {
		return nil, "", err
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(feedFile), filepath.FromSlash(p))
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return nil, "", err
	}
	if rel, err := filepath.Rel(dir, real); err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil, "", refusedAsset("%s is outside the feed's folder", ref)
	}
	if err := regularUnderCap(os.Lstat(real)); err != nil {
		return nil, "", err
	}
	// Opened without following a link and without blocking (a FIFO swapped in
	// after the check would otherwise wait forever for a writer); the opened
	// file is checked again.
	f, err := os.OpenFile(real, openAssetFlags, 0)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	if err := regularUnderCap(f.Stat()); err != nil {
		return nil, "", err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxAssetBytes+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > MaxAssetBytes {
		return nil, "", refusedAsset("%s is over %d bytes", ref, MaxAssetBytes)
	}
	ctype := sniffImage(data)
	if ctype == "" {
		return nil, "", refusedAsset("%s is not a PNG, JPEG, GIF, WebP or SVG image", ref)
	}
	return data, ctype, nil
}

func regularUnderCap(info os.FileInfo, err error) error {
	switch {
	case err != nil:
		return err
	case !info.Mode().IsRegular():
		return refusedAsset("%s is not a regular file", info.Name())
	case info.Size() > MaxAssetBytes:
		return refusedAsset("%s is over %d bytes", info.Name(), MaxAssetBytes)
	}
	return nil
}
