const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A path with its ids replaced (`/api/links/{id}/`): the endpoint's name in metrics and logs, which
 * never carry an identifier. The client and the simulator name endpoints the same way.
 */
export const endpointOf = (pathname: string) => pathname.replace(UUID, '{id}');
