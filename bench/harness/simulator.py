"""The lucca-simulator process the benchmark syncs from."""

import json
import os
import subprocess
import time
import urllib.parse
import urllib.request

# The key the simulator accepts when started without --api-key.
API_KEY = "lucca-simulator-demo-key"


class SimulatorServer:
    """A lucca-simulator child serving a dataset file on 127.0.0.1.

    The API rate limit is off (--rate-limit=0). Use it as a context manager:
    leaving the block stops the process.
    """

    def __init__(self, executable, dataset_path, work_dir, start_timeout_seconds=600):
        self.executable = executable
        self.dataset_path = dataset_path
        self.work_dir = work_dir
        self.start_timeout_seconds = start_timeout_seconds
        self.process = None
        self.port = None

    def __enter__(self):
        port_file = os.path.join(self.work_dir, "simulator-port.json")
        if os.path.exists(port_file):
            os.remove(port_file)
        log = open(os.path.join(self.work_dir, "simulator.log"), "ab")
        self.process = subprocess.Popen(
            [self.executable, "--dataset=" + self.dataset_path, "--rate-limit=0",
             "--bind=127.0.0.1", "--port=0", "--port-file=" + port_file],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + self.start_timeout_seconds
        while not os.path.exists(port_file):
            if self.process.poll() is not None:
                raise RuntimeError("lucca-simulator exited with status {} before listening; see {}"
                                   .format(self.process.returncode, self.work_dir))
            if time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError("lucca-simulator wrote no port file within {} s"
                                   .format(self.start_timeout_seconds))
            time.sleep(0.1)
        with open(port_file) as file:
            self.port = json.load(file)["http"]
        return self

    def __exit__(self, *exception):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    @property
    def url(self):
        return "http://127.0.0.1:{}".format(self.port)

    def control(self, path, body=None):
        """Send GET (no body) or POST (JSON body) to the control interface and return its JSON."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.load(response)

    def count(self, filters=()):
        """Return data.count of the API for layer=notequal,1 and `filters`."""
        query = urllib.parse.urlencode([("layer", "notequal,1"), *filters,
                                        ("fields", "collection.count")])
        request = urllib.request.Request(
            self.url + "/api/v3/timeentries?" + query,
            headers={"Authorization": "lucca application=" + API_KEY})
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.load(response)["data"]["count"]
