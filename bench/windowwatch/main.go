//go:build linux && cgo

// Command windowwatch starts a desktop app and measures its window from
// outside the process, on the X screen of $DISPLAY (Xvfb in
// scripts/bench-window.sh): the time from launch until the window is mapped
// and until the first frame that shows the page's content, then, a while
// after that frame, the proportional memory (PSS) and the CPU time of the
// app's process tree. It prints one JSON line and stops the app.
//
//	windowwatch -title Marketdesk [-idle 10s] [-trace] [-shot first.ppm] -- COMMAND [ARGS]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// result is one start of one app; times in ms from the launch.
type result struct {
	WindowMs  float64            `json:"window_ms"`      // the window is mapped
	PaintMs   float64            `json:"paint_ms"`       // the first frame with the content
	PaintCPU  float64            `json:"paint_cpu_s"`    // user+system from launch to that frame: less swayed by other load than paint_ms
	PssMiB    float64            `json:"pss_mib"`        // idle, summed over the tree
	PssByName map[string]float64 `json:"pss_by_process"` // the same by command name
	UssMiB    float64            `json:"uss_mib"`        // private memory of the tree at the same moment
	CPUSec    float64            `json:"cpu_s"`          // user+system from launch to the idle point
	CPUByName map[string]float64 `json:"cpu_by_process"` // the same by command name
	Processes int                `json:"processes"`      // the tree at the idle point
	Frames    int                `json:"frames"`         // grabs until the content showed
	GrabMs    float64            `json:"grab_ms"`        // mean time of one grab: the resolution of paint_ms
}

func main() {
	title := flag.String("title", "", "exact title of the app's window")
	idle := flag.Duration("idle", 10*time.Second, "how long after the first content frame to read memory and CPU")
	timeout := flag.Duration("timeout", 60*time.Second, "give up when the content has not shown by then")
	trace := flag.Bool("trace", false, "print each frame's figures to stderr")
	shot := flag.String("shot", "", "write the first content frame's region here (PPM)")
	flag.Parse()
	if *title == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: windowwatch -title TITLE [-idle 10s] [-trace] [-shot FILE.ppm] -- COMMAND [ARGS]")
		os.Exit(2)
	}
	res, err := measure(flag.Args(), *title, *idle, *timeout, *trace, *shot)
	if err != nil {
		fmt.Fprintln(os.Stderr, "windowwatch:", err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(res)
}

func measure(argv []string, title string, idle, timeout time.Duration, trace bool, shot string) (result, error) {
	scr, err := openScreen()
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // WebKit's children stay in the app's group
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	pids := []int{cmd.Process.Pid}
	defer func() { stop(cmd.Process.Pid, pids, exited) }()

	ms := func(t time.Time) float64 { return float64(t.Sub(start).Microseconds()) / 1000 }
	deadline := start.Add(timeout)
	w, err := awaitWindow(scr, title, deadline, exited)
	if err != nil {
		return result{}, err
	}
	res := result{WindowMs: ms(time.Now())}
	paintedAt, frames, grabMs, err := awaitContent(scr, w, deadline, exited, trace, shot, start)
	if err != nil {
		return result{}, err
	}
	res.PaintMs, res.Frames, res.GrabMs = ms(paintedAt), frames, grabMs
	res.PaintCPU = cpuSeconds(tree(cmd.Process.Pid))
	time.Sleep(time.Until(paintedAt.Add(idle)))
	pids = tree(cmd.Process.Pid)
	res.PssMiB = float64(pssKiB(pids)) / 1024
	res.PssByName = pssByName(pids)
	res.UssMiB = float64(ussKiB(pids)) / 1024
	res.CPUSec = cpuSeconds(pids)
	res.CPUByName = cpuByName(pids)
	res.Processes = len(pids)
	return res, nil
}

// stop ends the app's process group, then any process of its tree that left
// the group, and waits until they are gone so the next start finds the
// machine (and the app's single-instance lock) free.
func stop(pid int, pids []int, exited <-chan struct{}) {
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-exited
	}
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		alive := false
		for _, p := range pids[1:] {
			if syscall.Kill(p, 0) == nil {
				alive = true
				if time.Now().Add(time.Second).After(end) {
					_ = syscall.Kill(p, syscall.SIGKILL)
				}
			}
		}
		if !alive {
			return
		}
	}
}
