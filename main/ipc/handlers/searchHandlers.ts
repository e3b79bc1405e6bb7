import type { Handlers } from '../handlerTypes';

export const searchHandlers: Handlers<'search.query'> = {
  'search.query': ({ search }, request) => search.search(request),
};
