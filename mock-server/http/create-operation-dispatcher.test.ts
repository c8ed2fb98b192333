import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { OperationDefinition } from '../profile/profile.js';
import { createOperationDispatcher } from './create-operation-dispatcher.js';

/** A handler that answers with its name and the path parameters it was given. */
const named =
  (name: string) =>
  (request: Request) => ({ name, params: { ...request.params } });

const operation = (method: string, path: string) => ({ method, path }) as OperationDefinition;

const dispatch = createOperationDispatcher([
  [operation('get', '/merchants'), named('merchants')],
  [operation('get', '/v1/payments.search'), named('search')],
  [operation('get', '/merchants/{merchantID}/invoices'), named('list')],
  [operation('post', '/merchants/{merchantID}/invoices'), named('create')],
  [operation('get', '/merchants/{merchantID}/invoices/{invoice.id}'), named('get')],
  [operation('get', '/merchants/{merchantID}/{kind}'), named('kind')],
  [operation('get', '/merchants/self/settings'), named('settings')],
]);

function route(method: string, path: string): unknown {
  const request = { method, path, params: {} } as unknown as Request;
  return dispatch(request, {} as Response);
}

describe('createOperationDispatcher', () => {
  it('routes as Express did: case-sensitive, one optional trailing slash, parameters decoded', () => {
    expect(route('GET', '/merchants/m1/invoices')).toEqual({ name: 'list', params: { merchantID: 'm1' } });
    expect(route('GET', '/merchants/m%201/invoices/')).toEqual({ name: 'list', params: { merchantID: 'm 1' } });
    expect(route('GET', '/merchants/m1/invoices/i%2F1')).toEqual({ name: 'get', params: { merchantID: 'm1', 'invoice.id': 'i/1' } });
    expect(() => route('GET', '/Merchants/m1/invoices')).toThrow(expect.objectContaining({ code: 'route_not_found' }));
    expect(() => route('GET', '/merchants/m1/invoices//')).toThrow(expect.objectContaining({ code: 'route_not_found' }));
    expect(() => route('GET', '/merchants/%E0/invoices')).toThrow(URIError);
  });

  it('matches a template without parameters as written, with one optional trailing slash', () => {
    expect(route('GET', '/merchants')).toEqual({ name: 'merchants', params: {} });
    expect(route('GET', '/merchants/')).toEqual({ name: 'merchants', params: {} });
    expect(route('GET', '/v1/payments.search/')).toEqual({ name: 'search', params: {} });
    for (const path of ['/merchants//', '/Merchants', '/merchant', '/merchantsX', '/v1/paymentsXsearch']) {
      expect(() => route('GET', path), path).toThrow(expect.objectContaining({ code: 'route_not_found' }));
    }
  });

  it('gives a path to the first template that matches it, in the profile’s order', () => {
    expect(route('GET', '/merchants/self/settings')).toEqual({ name: 'kind', params: { merchantID: 'self', kind: 'settings' } });
  });

  it('answers HEAD with the GET handler, and another method with 405 naming the path’s methods', () => {
    expect(route('POST', '/merchants/m1/invoices')).toEqual({ name: 'create', params: { merchantID: 'm1' } });
    expect(route('HEAD', '/merchants/m1/invoices')).toEqual({ name: 'list', params: { merchantID: 'm1' } });
    expect(() => route('DELETE', '/merchants/m1/invoices')).toThrow(
      expect.objectContaining({ code: 'method_not_allowed', meta: { allow: ['GET', 'POST', 'HEAD'] } }),
    );
  });
});
