import type { Handlers } from '../handlerTypes';

/** Outcome measures (PHQ-9, GAD-7), scored in main. */
export const measureHandlers: Handlers<'measures.listForClient' | 'measures.record' | 'measures.update' | 'measures.remove'> = {
  'measures.listForClient': ({ vault }, { clientId }) => vault.measures.listForClient(clientId),
  'measures.record': ({ vault }, { measure }) => vault.measures.record(measure),
  'measures.update': ({ vault }, { id, responses, difficulty }) => vault.measures.update(id, responses, difficulty),
  'measures.remove': ({ vault }, { id }) => {
    vault.measures.remove(id);
    return null;
  },
};
