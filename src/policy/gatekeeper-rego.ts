// The Rego of the Gatekeeper ConstraintTemplate. It is fixed text: the rules arrive as patterns in the
// constraint's parameters (the same RE2 patterns the CEL uses), so the template never changes with them.
export const gatekeeperRego = `package regshiftmovedregistries

pod_spec(obj) = spec {
  obj.kind == "Pod"
  spec := obj.spec
}

pod_spec(obj) = spec {
  obj.kind == "CronJob"
  spec := obj.spec.jobTemplate.spec.template.spec
}

pod_spec(obj) = spec {
  obj.kind == "PodTemplate"
  spec := obj.template.spec
}

pod_spec(obj) = spec {
  not obj.kind == "Pod"
  not obj.kind == "CronJob"
  not obj.kind == "PodTemplate"
  spec := obj.spec.template.spec
}

lists := [["containers", "container"], ["initContainers", "init container"], ["ephemeralContainers", "ephemeral container"]]

containers[[l, c]] {
  spec := pod_spec(input.review.object)
  l := lists[_]
  c := spec[l[0]][_]
}

container_key(field, c) = sprintf("%v/%v=%v", [field, c.name, object.get(c, "image", "")])

# On UPDATE only containers the request adds or changes count.
old_keys[key] {
  input.review.operation == "UPDATE"
  spec := pod_spec(input.review.oldObject)
  l := lists[_]
  key := container_key(l[0], spec[l[0]][_])
}

excluded(image) {
  input.parameters.exclude != ""
  regex.match(input.parameters.exclude, image)
}

# A form covers an image unless the image is in a repository the move left behind.
applies(form, image) {
  regex.match(form.match, image)
  object.get(form, "unless", "") == ""
}

applies(form, image) {
  regex.match(form.match, image)
  unless := object.get(form, "unless", "")
  unless != ""
  not regex.match(unless, image)
}

moved(image) {
  regex.match(input.parameters.any, image)
  not excluded(image)
}

moved(image) {
  form := input.parameters.forms[_]
  object.get(form, "unless", "") != ""
  applies(form, image)
  not excluded(image)
}

replaced_prefix(form, image, prefix) = form.text {
  form.type == "constant"
}


replaced_prefix(form, image, prefix) = host {
  form.type == "keep-host"
  form.rest == ""
  host := split(image, "/")[0]
}

replaced_prefix(form, image, prefix) = text {
  form.type == "keep-host"
  form.rest != ""
  text := concat("/", [split(image, "/")[0], form.rest])
}

# The first form that matches is the one the scan matcher prefers.
replacement(image) = text {
  forms := input.parameters.forms
  first := min({i | applies(forms[i], image)})
  form := forms[first]
  form.type != "none"
  prefix := regex.find_n(form.prefix, image, 1)[0]
  text := concat("", [replaced_prefix(form, image, prefix), substring(image, count(prefix), -1)])
}

violation[{"msg": msg}] {
  containers[[l, c]]
  label := l[1]
  image := object.get(c, "image", "")
  moved(image)
  not old_keys[container_key(l[0], c)]
  meta := input.review.object.metadata
  name := object.get(meta, "name", object.get(meta, "generateName", ""))
  msg := sprintf("%v %v: %v \\"%v\\" uses %v, which moved%v", [input.review.object.kind, name, label, c.name, image, advice(image)])
}

advice(image) = text {
  text := concat("", [": use ", replacement(image)])
}

# A report-only rule without a target: nothing to suggest.
advice(image) = " (no replacement known)" {
  not replacement(image)
}
`;
