#!/usr/bin/env python3
"""Checks delay-proxy.py against an in-process upstream (Python standard library only, no moto needed):
hundreds of concurrent connections each delayed once, keep-alive, chunked and absent request bodies,
Expect: 100-continue, close-delimited and chunked responses, HEAD, 204, Host and query kept, the request log.
Usage: python3 src/bench/delay-proxy-test.py        (exit status 0 when every check passes)
"""
import hashlib
import http.client
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

DELAY_MS = 200
CONCURRENT = 300


class Upstream(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def body(self):
        length = self.headers.get("Content-Length")
        return self.rfile.read(int(length)) if length else b""

    def reply(self, status, data, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/close":  # an HTTP/1.0-style body: no Content-Length, ends when the connection closes
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"x" * 100000)
            self.close_connection = True
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (b"hello ", b"chunked ", b"world"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/nocontent":
            self.send_response(204)
            self.end_headers()
        else:
            self.echo()

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Length", "1234")
        self.end_headers()

    def echo(self):
        data = self.body()
        self.reply(200, json.dumps({"method": self.command, "path": self.path, "host": self.headers.get("Host"),
                                    "length": len(data), "sha": hashlib.sha256(data).hexdigest(),
                                    "content_length": self.headers.get("Content-Length"),
                                    "expect": self.headers.get("Expect")}).encode())

    do_POST = do_PUT = echo


class UpstreamServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def main():
    failures = []

    def check(name, condition, detail=""):
        print("%s %s%s" % ("ok  " if condition else "FAIL", name, (": " + str(detail)) if not condition else ""))
        if not condition:
            failures.append(name)

    upstream = UpstreamServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    work = tempfile.mkdtemp(prefix="delay-proxy-test.")
    log, port_file = os.path.join(work, "requests.tsv"), os.path.join(work, "port")
    proxy = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "delay-proxy.py"),
                              "--upstream", "http://127.0.0.1:%d" % upstream.server_address[1],
                              "--delay-ms", str(DELAY_MS), "--log", log, "--port-file", port_file],
                             stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        port = int(open(port_file).read())

        def connection():
            return http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        # Hundreds of connections at once: each waits the delay once, side by side, not one after the other.
        results, lock = [], threading.Lock()

        def one(i):
            c = connection()
            c.request("GET", "/many?i=%d" % i)
            r = c.getresponse()
            with lock:
                results.append((r.status, json.loads(r.read())["path"] == "/many?i=%d" % i))
            c.close()
        start = time.time()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(CONCURRENT)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - start
        check("%d concurrent requests all answered" % CONCURRENT,
              len(results) == CONCURRENT and all(s == 200 and ok for s, ok in results), len(results))
        check("delayed once each, in parallel (%.2f s)" % elapsed, DELAY_MS / 1000 <= elapsed < 4 * DELAY_MS / 1000,
              elapsed)

        # Everything else on one kept-alive connection, so a framing mistake shows in the next answer.
        c = connection()
        c.request("GET", "/a/b%20c?x=1&y=%2F", headers={"Host": "bedrock.us-east-1.amazonaws.com"})
        echo = json.loads(c.getresponse().read())
        check("path and query kept", echo["path"] == "/a/b%20c?x=1&y=%2F", echo["path"])
        check("Host kept as sent", echo["host"] == "bedrock.us-east-1.amazonaws.com", echo["host"])
        payload = os.urandom(300000)
        c.request("PUT", "/put", body=payload)
        echo = json.loads(c.getresponse().read())
        check("body with Content-Length", echo["sha"] == hashlib.sha256(payload).hexdigest(), echo)
        c.request("POST", "/chunked-in", body=iter([b"part one, ", b"part two"]), encode_chunked=True,
                  headers={"Transfer-Encoding": "chunked"})
        echo = json.loads(c.getresponse().read())
        check("chunked request body", echo["length"] == len(b"part one, part two"), echo)
        c.putrequest("POST", "/empty")
        c.endheaders()
        echo = json.loads(c.getresponse().read())
        check("request without body or Content-Length", echo["length"] == 0 and echo["content_length"] is None, echo)
        c.request("HEAD", "/head")
        r = c.getresponse()
        check("HEAD: Content-Length relayed, no body", r.getheader("Content-Length") == "1234" and r.read() == b"",
              r.getheaders())
        c.request("GET", "/nocontent")
        r = c.getresponse()
        check("204 without body", r.status == 204 and r.read() == b"")
        c.request("GET", "/chunked")
        check("chunked response", c.getresponse().read() == b"hello chunked world")
        c.request("GET", "/close")
        r = c.getresponse()
        body = r.read()
        check("close-delimited response relayed with a length", len(body) == 100000
              and r.getheader("Content-Length") == "100000", (len(body), r.getheaders()))
        c.request("PUT", "/expect", body=b"continue", headers={"Expect": "100-continue"})
        echo = json.loads(c.getresponse().read())
        check("Expect: 100-continue", echo["length"] == 8 and echo["expect"] is None, echo)
        c.request("POST", "/", body=b"Action=Publish&Version=2010-03-31", headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/sns/aws4_request, "
                             "SignedHeaders=host, Signature=0"})
        c.getresponse().read()
        c.close()

        lines = [line.split("\t") for line in open(log).read().splitlines()]
        check("one log line per request", len(lines) == CONCURRENT + 10, len(lines))
        last = lines[-1]
        check("log: region, service and operation", last[3:7] == ["eu-west-1", "sns", "Publish", "200"], last)
    finally:
        proxy.terminate()
        proxy.wait()
        upstream.shutdown()
    print("delay-proxy-test: %s" % ("all checks passed" if not failures else "FAILED: " + ", ".join(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
