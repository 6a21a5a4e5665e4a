"""labnet: the lab network's local runner (network namespaces on a bridge) and renderer.

``python -m labnet up|down|status|env|shell`` (or ``labnet``). The topology, the daemon
config templates and the seed data live in ``vagrant/`` and are shared with the Vagrant
provisioner, which runs the same renderer with ``--backend host`` inside each VM.
"""

from labnet.topology import LabnetError, Topology, load_topology

__all__ = ["LabnetError", "Topology", "load_topology"]
