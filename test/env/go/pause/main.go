// The node's pause (sandbox) image and the drill's workload image: a static binary that holds a Pod's
// namespaces, reaps orphans as PID 1, and exits on SIGTERM or SIGINT. Built by the test environment
// and pushed to its own registry, so the node pulls nothing from the internet.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	if len(os.Args) > 2 && os.Args[1] == "echo" {
		// For `kubectl exec`: say something and exit, as a shell's echo would.
		fmt.Println(os.Args[2])
		return
	}
	if len(os.Args) > 1 {
		// A workload says who it is in its log, so `kubectl logs` shows something real.
		fmt.Println(os.Args[1])
	}
	for sig := range signals {
		if sig != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			var status syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
