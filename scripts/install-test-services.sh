#!/usr/bin/env bash
# Installs the servers the integration-test harness (test/harness/) starts when neither service
# URLs nor a Docker engine are available: PostgreSQL and Redis from Debian packages, and Apache
# Kafka's broker jars resolved from Maven Central into a cache folder. Also installs schemathesis
# (the OpenAPI fuzzer test/e2e/schemathesis.e2e.spec.ts runs) from PyPI into a virtualenv in the
# same cache folder. Idempotent; a rerun with everything present only checks and exits.
#
#   SHOPSTREAM_CACHE_DIR      cache root (default ~/.cache/shopstream); jars go to kafka-<version>/libs,
#                             schemathesis to schemathesis-<version>/bin/schemathesis
#   SHOPSTREAM_KAFKA_VERSION  overrides scripts/kafka-version (to trial another version)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kafka_version="${SHOPSTREAM_KAFKA_VERSION:-$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$root/scripts/kafka-version" | awk 'NF && !v { v = $0 } END { print v }')}"
cache_dir="${SHOPSTREAM_CACHE_DIR:-$HOME/.cache/shopstream}"
kafka_home="$cache_dir/kafka-$kafka_version"
# Kafka 4.x logs through SLF4J 1.7; log4j2's SLF4J 1.x binding gives it a configurable backend.
log4j_version=2.24.3
dependency_plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
schemathesis_version="$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$root/scripts/schemathesis-version" | awk 'NF && !v { v = $0 } END { print v }')"
schemathesis_home="$cache_dir/schemathesis-$schemathesis_version"

log() { echo "install-test-services: $*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

deb_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == 'install ok installed' ]]
}

java_major() {
  java -version 2>&1 | awk -F '"' '/version/ && !m { split($2, v, "."); m = (v[1] == "1" ? v[2] : v[1]) } END { print m + 0 }'
}

install_packages() {
  # docker-compose (Debian's v1) validates docker-compose.yml without a Docker engine.
  local wanted=(postgresql redis-server docker-compose)
  if ! command -v java >/dev/null || [[ $(java_major) -lt 17 ]]; then wanted+=(openjdk-17-jre-headless); fi
  if [[ ! -f "$kafka_home/.complete" ]] && ! command -v mvn >/dev/null; then wanted+=(maven); fi
  # nginx runs the gateway's config in its tests (any nginx will do; nginx-light is the smallest).
  if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then wanted+=(nginx-light); fi

  if ! command -v apt-get >/dev/null; then
    for bin in initdb pg_ctl; do
      compgen -G "/usr/lib/postgresql/*/bin/$bin" >/dev/null || command -v "$bin" >/dev/null ||
        { log "no apt-get here: install PostgreSQL (initdb, pg_ctl) yourself"; exit 1; }
    done
    command -v redis-server >/dev/null || { log "no apt-get here: install redis-server yourself"; exit 1; }
    return
  fi

  local missing=()
  for pkg in "${wanted[@]}"; do deb_installed "$pkg" || missing+=("$pkg"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "packages present: ${wanted[*]}"
    return
  fi
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

write_pom() {
  cat >"$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>shopstream.test</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>$kafka_version</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$kafka_version</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>$log4j_version</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>$log4j_version</version>
    </dependency>
  </dependencies>
</project>
POM
}

install_kafka() {
  if [[ -f "$kafka_home/.complete" ]]; then
    log "kafka $kafka_version jars present in $kafka_home/libs"
    return
  fi
  if [[ $(java_major) -lt 17 ]]; then
    log "Kafka $kafka_version needs Java 17+; java on PATH is $(java_major)"
    exit 1
  fi
  log "resolving org.apache.kafka:kafka_2.13:$kafka_version and its runtime dependencies from Maven Central"
  mkdir -p "$cache_dir"
  # Resolved into a scratch folder, moved into place only when complete.
  work="$(mktemp -d "$cache_dir/.kafka-$kafka_version.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  write_pom "$work"
  # (Debian's Maven 3.8 prints colour codes even in batch mode: strip them.)
  mvn -B -q --no-transfer-progress -f "$work/pom.xml" "$dependency_plugin:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$work/libs" 2>&1 | sed -e $'s/\e\\[[0-9;]*m//g'
  [[ -f "$work/libs/kafka_2.13-$kafka_version.jar" ]] ||
    { log "maven finished but kafka_2.13-$kafka_version.jar is missing"; exit 1; }
  ls "$work/libs" >"$work/.complete"
  chmod 755 "$work"
  rm -rf "$kafka_home"
  mv "$work" "$kafka_home"
  trap - EXIT
  log "kafka $kafka_version: $(wc -l <"$kafka_home/.complete") jars in $kafka_home/libs"
}

install_schemathesis() {
  if [[ -f "$schemathesis_home/.complete" ]]; then
    log "schemathesis $schemathesis_version present in $schemathesis_home"
    return
  fi
  local python
  python="$(command -v python3 || true)"
  [[ -n "$python" ]] || { log "schemathesis needs python3 (3.10+) with venv and pip"; exit 1; }
  log "installing schemathesis $schemathesis_version from PyPI into $schemathesis_home"
  mkdir -p "$cache_dir"
  # A venv records its own path, so it is built in place; .complete marks a finished install
  # and a half-done one is started over.
  rm -rf "$schemathesis_home"
  "$python" -m venv "$schemathesis_home"
  if ! "$schemathesis_home/bin/pip" install -q --disable-pip-version-check "schemathesis==$schemathesis_version"; then
    rm -rf "$schemathesis_home"
    log "pip could not install schemathesis $schemathesis_version"
    exit 1
  fi
  touch "$schemathesis_home/.complete"
  log "schemathesis: $("$schemathesis_home/bin/schemathesis" --version)"
}

install_packages
install_kafka
install_schemathesis
