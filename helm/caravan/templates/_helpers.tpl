{{/* Names and labels shared by every object of the release. */}}

{{- define "caravan.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "caravan.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "caravan.labels" -}}
{{ include "caravan.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "caravan.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "caravan.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "caravan.adminSecret" -}}
{{- default (printf "%s-admin" (include "caravan.fullname" .)) .Values.admin.tokensSecret -}}
{{- end -}}

{{/* The environment variable that carries an admin token: ops -> CARAVAN_ADMIN_TOKEN_OPS. */}}
{{- define "caravan.tokenEnv" -}}
{{- printf "CARAVAN_ADMIN_TOKEN_%s" (. | upper | replace "-" "_") -}}
{{- end -}}

{{/* Refuses values that cannot work, with the key to change. */}}
{{- define "caravan.validate" -}}
{{- if and .Values.broker.external (not .Values.broker.url) -}}
{{- fail "broker.external is true: set broker.url to the external Artemis broker (tcp://host:61616)" -}}
{{- end -}}
{{- if and (not .Values.broker.external) .Values.broker.url -}}
{{- fail "broker.url is set but broker.external is false: set broker.external: true to use it" -}}
{{- end -}}
{{- if and .Values.broker.external (lt (int .Values.replicas) 1) -}}
{{- fail "replicas must be at least 1" -}}
{{- end -}}
{{- if not .Values.admin.tokens -}}
{{- fail "admin.tokens is empty: the admin port listens on the pod network and needs at least one token" -}}
{{- end -}}
{{- range .Values.admin.tokens -}}
{{- if not (regexMatch "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$" (toString .name)) -}}
{{- fail (printf "admin.tokens: name %q must be lower-case letters, digits and dashes" (toString .name)) -}}
{{- end -}}
{{- if not (has .role (list "viewer" "admin")) -}}
{{- fail (printf "admin.tokens: %s's role %q is not viewer or admin" .name (toString .role)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
