#!/usr/bin/env bash
# Install the lab network's Debian packages without starting or prompting for anything.
# Used by the Vagrant provisioner and by CI (.ci/run); safe to run twice.
set -euo pipefail
PACKAGES=(
  postfix dovecot-pop3d dovecot-imapd openssh-server vsftpd snmpd snmp slapd ldap-utils
  samba smbclient bind9 bind9-dnsutils chrony nginx
  swaks libnet-ssleay-perl curl openssl iproute2 procps util-linux
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "lab network packages: all installed"
  exit 0
fi
# no daemon may start during the install (without systemd invoke-rc.d would start them)
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
debconf-set-selections <<'PRESEED'
postfix postfix/main_mailer_type select Local only
postfix postfix/mailname string lab.test
slapd slapd/domain string lab.test
slapd shared/organization string Lab
slapd slapd/password1 password adminpw
slapd slapd/password2 password adminpw
PRESEED
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
echo "lab network packages: installed ${missing[*]}"
