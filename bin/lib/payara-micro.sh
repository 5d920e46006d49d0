# Sourced by bin/run and bin/run-node: the Payara Micro options every Lux node shares (the tests'
# MicroOptions gives their servers the same). `micro_options DIR BIND GRACE_MS` fills the array
# `micro` with:
# - the HTTP listener on BIND, closed until Lux is deployed: server-config's pre-boot command file
#   (written to DIR for BIND) closes it, the post-deploy one opens it;
# - --unpackdir DIR/payara-runtime, emptied first: Payara Micro would unpack into a temporary
#   directory that it deletes at SIGTERM, while the node still answers for its shutdown grace
#   (README, "When things go wrong");
# - --shutdowngrace GRACE_MS, left out for 0 (Payara Micro refuses 0);
# - no phone-home.
micro_options() {
  local dir=$1 bind=$2 grace=$3
  mkdir -p "$dir"
  grep -v '^#' server-config/pre-boot-commands.txt | sed "s/address=127.0.0.1/address=${bind}/" \
    > "$dir/pre-boot-commands.txt"
  rm -rf "$dir/payara-runtime" && mkdir -p "$dir/payara-runtime"
  micro=(--unpackdir "$dir/payara-runtime" --disablephonehome
    --prebootcommandfile "$dir/pre-boot-commands.txt"
    --postdeploycommandfile server-config/post-deploy-commands.txt)
  if [ "$grace" -gt 0 ]; then micro+=(--shutdowngrace "$grace"); fi
}
