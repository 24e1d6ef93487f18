#!/usr/bin/python3
"""A loopback DNS server for the benchmarks: every name is NXDOMAIN, at once.

Usage: dns_nxdomain.py PORT
Caravan's agents then do their real lookups (SPF and DMARC TXT, DNS block list A queries) and get a definite
"no such name" in microseconds, as from a resolver with everything cached, so the benchmark measures Caravan,
not a network. Needs Debian's python3-dnspython (installed by .ci/test-deps). UDP only; never run by .ci/run.
"""
import socket
import sys

import dns.flags
import dns.message
import dns.rcode


def main(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))
    while True:
        wire, client = sock.recvfrom(4096)
        try:
            query = dns.message.from_wire(wire)
        except Exception:  # not a DNS query: ignore it, as a server would
            continue
        reply = dns.message.make_response(query)
        reply.set_rcode(dns.rcode.NXDOMAIN)
        reply.flags |= dns.flags.RA
        sock.sendto(reply.to_wire(), client)


if __name__ == "__main__":
    main(int(sys.argv[1]))
