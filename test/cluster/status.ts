// Status errors shaped exactly like the real apiserver's (apimachinery release-1.7 `pkg/api/errors/errors.go`).

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: Array<{ reason?: string; message: string; field?: string }>;
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown anywhere in request handling; the server turns it into the Status body. */
export class ApiError extends Error {
  readonly code: number;
  readonly body: StatusBody;
  /** 1.7 answered some errors (403) as text/plain instead of a Status. */
  readonly plainText: boolean;

  constructor(code: number, reason: string, message: string, details?: StatusDetails, plainText = false) {
    super(message);
    this.code = code;
    this.plainText = plainText;
    this.body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
    if (details) this.body.details = details;
  }
}

/** `ippools.crd.projectcalico.org` for CRs, plain `configmaps` for the core group. */
export function qualifiedResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

function details(group: string, resource: string, name?: string): StatusDetails {
  const d: StatusDetails = {};
  if (name !== undefined) d.name = name;
  if (group) d.group = group;
  d.kind = resource;
  return d;
}

export const notFound = (group: string, resource: string, name: string) =>
  new ApiError(404, 'NotFound', `${qualifiedResource(group, resource)} "${name}" not found`, details(group, resource, name));

export const alreadyExists = (group: string, resource: string, name: string) =>
  new ApiError(409, 'AlreadyExists', `${qualifiedResource(group, resource)} "${name}" already exists`, details(group, resource, name));

export const conflict = (group: string, resource: string, name: string) =>
  new ApiError(409, 'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(group, resource, name));

/** 422 with the kind in details, as the validation layer reports it. */
export function invalid(group: string, kind: string, name: string, causes: Array<{ field: string; message: string; value?: unknown }>): ApiError {
  const parts = causes.map((c) => `${c.field}: ${c.value !== undefined ? `Invalid value: ${JSON.stringify(c.value)}: ` : 'Invalid value: '}${c.message}`);
  const msg = `${kind} "${name}" is invalid: ${parts.join(', ')}`;
  const d: StatusDetails = { name };
  if (group) d.group = group;
  d.kind = kind;
  d.causes = causes.map((c) => ({ reason: 'FieldValueInvalid', message: `Invalid value: ${c.value !== undefined ? JSON.stringify(c.value) + ': ' : ''}${c.message}`, field: c.field }));
  return new ApiError(422, 'Invalid', msg, d);
}

export const pathNotFound = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource');

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

export const methodNotAllowed = (_method: string) =>
  new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`, { });

export const unsupportedMediaType = (contentType: string, accepted: string[]) =>
  new ApiError(415, 'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, undefined);

export const unauthorized = () => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const namespaceNotFound = (ns: string) => notFound('', 'namespaces', ns);
