//go:build linux && cgo

package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times (100 on Linux).
const clockTicks = 100

// tree is pid and every process descended from it (WebKit's web and network
// processes are children of the app), from /proc.
func tree(pid int) []int {
	kids := map[int][]int{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		fields := statFields(f)
		if len(fields) > 1 {
			ppid, _ := strconv.Atoi(fields[1])
			self, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
			kids[ppid] = append(kids[ppid], self)
		}
	}
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		out = append(out, kids[out[i]]...)
	}
	return out
}

// statFields are /proc/PID/stat's fields after the command name (field 3 on),
// so [1] is the parent and [11:15] utime, stime, cutime, cstime.
func statFields(file string) []string {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	i := bytes.LastIndexByte(b, ')') // the name may hold spaces and parentheses
	if i < 0 {
		return nil
	}
	return strings.Fields(string(b[i+1:]))
}

// cpuSeconds is user+system time of the processes, with that of their
// children already waited for (cutime, cstime), since each started.
func cpuSeconds(pids []int) float64 {
	var ticks int64
	for _, p := range pids {
		f := statFields("/proc/" + strconv.Itoa(p) + "/stat")
		if len(f) < 15 {
			continue
		}
		for _, v := range f[11:15] {
			n, _ := strconv.ParseInt(v, 10, 64)
			ticks += n
		}
	}
	return float64(ticks) / clockTicks
}

// cpuByName is cpuSeconds of each process by its command name.
func cpuByName(pids []int) map[string]float64 {
	out := map[string]float64{}
	for _, p := range pids {
		out[commandName(p)] += cpuSeconds([]int{p})
	}
	return out
}

func commandName(p int) string {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(p) + "/comm")
	return strings.TrimSpace(string(b))
}

// pssKiB sums the proportional set size of the processes (smaps_rollup):
// shared libraries count once across the app and its WebKit processes.
func pssKiB(pids []int) int64 {
	var sum int64
	for _, p := range pids {
		sum += processPssKiB(p)
	}
	return sum
}

// pssByName is each process's PSS in MiB by its command name, to see which
// of the app's processes holds the memory.
func pssByName(pids []int) map[string]float64 {
	out := map[string]float64{}
	for _, p := range pids {
		out[commandName(p)] += float64(processPssKiB(p)) / 1024
	}
	return out
}

func processPssKiB(p int) int64 { return rollup(p)["Pss"] }

// ussKiB sums the memory private to each process (Private_Clean +
// Private_Dirty): unlike PSS it does not shrink when other programs on the
// machine map the same libraries (another WebKit app, say).
func ussKiB(pids []int) int64 {
	var sum int64
	for _, p := range pids {
		r := rollup(p)
		sum += r["Private_Clean"] + r["Private_Dirty"]
	}
	return sum
}

// rollup is /proc/PID/smaps_rollup's figures in kB by name.
func rollup(p int) map[string]int64 {
	out := map[string]int64{}
	f, err := os.Open("/proc/" + strconv.Itoa(p) + "/smaps_rollup")
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64); err == nil {
			out[name] = n
		}
	}
	return out
}
