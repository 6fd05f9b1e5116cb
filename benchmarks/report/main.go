// Command report turns the CSV output of benchstat into the markdown
// tables of RESULTS.md. It writes a check of the performance targets, one
// table per event source with each contender's medians and their ratios to
// the floor of the same case and run, and the startup and JSON figures.
//
// It reads the CSV on standard input and writes markdown to standard
// output; ./run drives it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// metrics are the medians benchstat reports for one benchmark.
type metrics struct {
	nsPerOp, cpuNsPerOp, bytesPerOp, allocsPerOp float64
	hasNs, hasCPU, hasBytes, hasAllocs           bool
}

// results maps a benchmark name without its -GOMAXPROCS suffix, such as
// "Serve/v2/static/floor", to its medians. order keeps the input order.
type results struct {
	byName map[string]*metrics
	order  []string
}

func main() {
	count := flag.String("count", "?", "the -count the suite ran with, for the header")
	benchtime := flag.String("benchtime", "?", "the -benchtime the suite ran with, for the header")
	command := flag.String("command", "./run", "the command that produced the figures, for the header")
	flag.Parse()

	res, err := parseCSV(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "report: reading benchstat CSV from standard input: %v\n", err)
		os.Exit(1)
	}
	if len(res.order) == 0 {
		fmt.Fprintln(os.Stderr, "report: the benchstat CSV has no benchmark rows; did the benchmarks run?")
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	writeHeader(w, *command, *count, *benchtime)
	writeTargets(w, res)
	writeServe(w, res)
	writeGroup(w, res, "Startup", "Startup/", "ms/op")
	writeGroup(w, res, "JSON libraries (post case)", "JSON/", "ns/op")
}

// suffix matches the "-N" that go test appends for GOMAXPROCS.
var suffix = regexp.MustCompile(`-\d+$`)

// parseCSV reads benchstat's -format csv output: a section per unit, each
// starting with a ",<unit>,CI" line and holding "name,median,CI" rows.
func parseCSV(r io.Reader) (*results, error) {
	res := &results{byName: map[string]*metrics{}}
	unit := ""
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		if len(fields) < 2 {
			continue
		}
		if fields[0] == "" {
			switch fields[1] {
			case "sec/op", "cpu-sec/op", "B/op", "allocs/op":
				unit = fields[1]
			}
			continue
		}
		if fields[0] == "geomean" || unit == "" {
			continue
		}
		v, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			continue
		}
		name := suffix.ReplaceAllString(fields[0], "")
		m := res.byName[name]
		if m == nil {
			m = &metrics{}
			res.byName[name] = m
			res.order = append(res.order, name)
		}
		switch unit {
		case "sec/op":
			m.nsPerOp, m.hasNs = v*1e9, true
		case "cpu-sec/op":
			// benchstat turns the cpu-ns/op metric into seconds.
			m.cpuNsPerOp, m.hasCPU = v*1e9, true
		case "B/op":
			m.bytesPerOp, m.hasBytes = v, true
		case "allocs/op":
			m.allocsPerOp, m.hasAllocs = v, true
		}
	}
	return res, sc.Err()
}

func writeHeader(w io.Writer, command, count, benchtime string) {
	fmt.Fprintf(w, "# Benchmark results\n\n")
	fmt.Fprintf(w, "- Date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "- Machine: %s, %d cores, %s/%s\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "- Go: %s\n", runtime.Version())
	fmt.Fprintf(w, "- Command: `%s` (-count=%s, -benchtime=%s)\n\n", command, count, benchtime)
	fmt.Fprintf(w, "Figures are benchstat medians over the runs of one `go test -bench` invocation. "+
		"Each ratio divides by the floor of the same source and case, measured in that run. "+
		"ns/op is wall time; cpu-ns/op is the CPU time of the whole process (garbage collection included) "+
		"per operation, which does not grow while other processes hold the cores, so on a shared machine "+
		"its ratios are the steadier ones. Targets are judged on ns/op, with the cpu-ns/op ratio beside it.\n\n")
}

// cpuModel returns the first "model name" of /proc/cpuinfo, or "unknown
// CPU" where that file has none.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// serveKey names one Serve benchmark.
func serveKey(source, c, contender string) string {
	return "Serve/" + source + "/" + c + "/" + contender
}

// serveNames returns the sources, cases and contenders of the Serve
// benchmarks in input order.
func serveNames(res *results) (sources, cases, contenders []string) {
	seen := map[string]bool{}
	add := func(list *[]string, kind, s string) {
		if !seen[kind+s] {
			seen[kind+s] = true
			*list = append(*list, s)
		}
	}
	for _, t := range contenderOrder {
		add(&contenders, "t", t)
	}
	for _, name := range res.order {
		parts := strings.Split(name, "/")
		if len(parts) != 4 || parts[0] != "Serve" {
			continue
		}
		add(&sources, "s", parts[1])
		add(&cases, "c", parts[2])
		add(&contenders, "t", parts[3])
	}
	return sources, cases, contenders
}

// contenderOrder is the order of the rows of each case. Contenders not
// listed follow in input order.
var contenderOrder = []string{
	"floor", "floor_ctx", "resolve", "resolve_async", "validation",
	"servemux_proxy", "chi_proxy", "huma_proxy",
	"floor_invoke", "invoke", "lambda_handler",
}

func writeServe(w io.Writer, res *results) {
	sources, cases, contenders := serveNames(res)
	for _, src := range sources {
		fmt.Fprintf(w, "## Serve: %s\n\n", src)
		fmt.Fprintf(w, "| case | contender | ns/op | cpu-ns/op | B/op | allocs/op | × floor | × floor (cpu) |\n")
		fmt.Fprintf(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, c := range cases {
			floor := res.byName[serveKey(src, c, "floor")]
			for _, t := range contenders {
				m := res.byName[serveKey(src, c, t)]
				if m == nil {
					continue
				}
				ratio, cpuRatio := "—", "—"
				if floor != nil && floor.hasNs && m.hasNs {
					ratio = fmt.Sprintf("%.2f", m.nsPerOp/floor.nsPerOp)
				}
				if floor != nil && floor.hasCPU && m.hasCPU {
					cpuRatio = fmt.Sprintf("%.2f", m.cpuNsPerOp/floor.cpuNsPerOp)
				}
				fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", c, t,
					formatFloat(m.nsPerOp, m.hasNs), formatFloat(m.cpuNsPerOp, m.hasCPU),
					formatFloat(m.bytesPerOp, m.hasBytes), formatFloat(m.allocsPerOp, m.hasAllocs), ratio, cpuRatio)
			}
		}
		fmt.Fprintln(w)
	}
}

// writeGroup writes the benchmarks whose names start with prefix, with
// times in unit, which is "ms/op" or "ns/op".
func writeGroup(w io.Writer, res *results, title, prefix, unit string) {
	var names []string
	for _, name := range res.order {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return
	}
	fmt.Fprintf(w, "## %s\n\n| benchmark | %s | B/op | allocs/op |\n| --- | ---: | ---: | ---: |\n", title, unit)
	for _, name := range names {
		m := res.byName[name]
		t := m.nsPerOp
		if unit == "ms/op" {
			t /= 1e6
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", strings.TrimPrefix(name, prefix),
			formatFloat(t, m.hasNs), formatFloat(m.bytesPerOp, m.hasBytes), formatFloat(m.allocsPerOp, m.hasAllocs))
	}
	fmt.Fprintln(w)
}

func formatFloat(v float64, ok bool) string {
	switch {
	case !ok:
		return "—"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// target is one performance goal, checked per source over some cases.
type target struct {
	goal     string
	cases    []string // nil means every case
	num, den string   // contenders whose ns/op are divided
	limit    float64
	atLeast  bool // the ratio must be at least limit, not at most
	maxAlloc int  // when > 0, num may allocate at most this many times more than den
}

var targets = []target{
	{goal: "Resolve ≤ 1.5× floor, ≤ 2 allocs more", cases: []string{"static", "param", "notfound"},
		num: "resolve", den: "floor", limit: 1.5, maxAlloc: 2},
	{goal: "ResolveAsync ≤ 1.3× async floor with ctx", cases: []string{"async"},
		num: "resolve_async", den: "floor_ctx", limit: 1.3},
	{goal: "ResolveAsync ≤ 1.3× async floor without ctx (for reference)", cases: []string{"async"},
		num: "resolve_async", den: "floor", limit: 1.3},
	{goal: "Validation ≤ 3× floor", num: "validation", den: "floor", limit: 3},
	{goal: "chi+api-proxy ≥ 10× Resolve", num: "chi_proxy", den: "resolve", limit: 10, atLeast: true},
	{goal: "huma+api-proxy ≥ 10× Resolve", num: "huma_proxy", den: "resolve", limit: 10, atLeast: true},
	{goal: "Invoke ≤ 0.5× lambda.NewHandler(app.Resolve)", num: "invoke", den: "lambda_handler", limit: 0.5},
}

// writeTargets writes one row per target and source with the worst case.
func writeTargets(w io.Writer, res *results) {
	sources, allCases, _ := serveNames(res)
	fmt.Fprintf(w, "## Targets\n\n| target | source | worst case | ratio | cpu ratio | limit | met |\n| --- | --- | --- | ---: | ---: | ---: | --- |\n")
	for _, tg := range targets {
		cases := tg.cases
		if cases == nil {
			cases = allCases
		}
		for _, src := range sources {
			worstCase, worst, worstCPU, met, found := "", 0.0, 0.0, true, false
			var notes []string
			for _, c := range cases {
				num, den := res.byName[serveKey(src, c, tg.num)], res.byName[serveKey(src, c, tg.den)]
				if num == nil || den == nil || !num.hasNs || !den.hasNs {
					continue
				}
				r := num.nsPerOp / den.nsPerOp
				worse := r > worst
				if tg.atLeast {
					worse = !found || r < worst
				}
				if worse || !found {
					worstCase, worst, worstCPU = c, r, 0
					if num.hasCPU && den.hasCPU {
						worstCPU = num.cpuNsPerOp / den.cpuNsPerOp
					}
				}
				found = true
				if (tg.atLeast && r < tg.limit) || (!tg.atLeast && r > tg.limit) {
					met = false
				}
				if tg.maxAlloc > 0 && num.hasAllocs && den.hasAllocs {
					extra := num.allocsPerOp - den.allocsPerOp
					if extra > float64(tg.maxAlloc) {
						met = false
						notes = append(notes, fmt.Sprintf("%s +%.0f allocs", c, extra))
					}
				}
			}
			if !found {
				continue
			}
			verdict := "yes"
			if !met {
				verdict = "**no**"
			}
			if len(notes) > 0 {
				verdict += " (" + strings.Join(notes, ", ") + ")"
			}
			op := "≤"
			if tg.atLeast {
				op = "≥"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %.2f | %.2f | %s %.2g | %s |\n", tg.goal, src, worstCase, worst, worstCPU, op, tg.limit, verdict)
		}
	}
	if m := res.byName["Startup/build100_validation"]; m != nil && m.hasNs {
		verdict := "yes"
		if m.nsPerOp >= 5e6 {
			verdict = "**no**"
		}
		fmt.Fprintf(w, "| 100-route app with validation builds in < 5 ms | — | — | %.2f ms | — | < 5 ms | %s |\n", m.nsPerOp/1e6, verdict)
	}
	fmt.Fprintln(w)
}
