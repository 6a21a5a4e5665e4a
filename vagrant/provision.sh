#!/usr/bin/env bash
# Vagrant provisioner: one VM runs the lab hosts given as arguments (e.g. "mail" or
# "mail,files,infra,www"). Same templates and renderer as the local runner:
# python3 -m labnet up --backend host renders vagrant/templates into /var/lib/labnet,
# starts the daemons on this VM's lab addresses and checks them.
set -euo pipefail
HOSTS=${1:?usage: provision.sh HOST[,HOST...]}
REPO=${LABNET_REPO:-/vagrant}
bash "$REPO/vagrant/install-packages.sh"
PY=python3
if [[ ",$HOSTS," == *",www,"* ]]; then
  # the S3 endpoint (moto server) comes from PyPI
  if [ ! -x /opt/labnet/venv/bin/moto_server ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv /opt/labnet/venv
    /opt/labnet/venv/bin/pip install -q 'moto[server,s3]>=5'
  fi
  PY=/opt/labnet/venv/bin/python
fi
mkdir -p "$REPO/.labnet"
cd /
PYTHONPATH="$REPO/shared" "$PY" -m labnet \
  --client-config "$REPO/.labnet/client.json" \
  up --backend host --hosts "$HOSTS" --ca-dir "$REPO/.labnet/ca"
