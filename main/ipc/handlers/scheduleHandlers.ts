import type { Handlers } from '../handlerTypes';

export const scheduleHandlers: Handlers<
  | 'agenda.range'
  | 'standingAppointments.listForClient'
  | 'standingAppointments.create'
  | 'standingAppointments.update'
> = {
  'agenda.range': ({ vault }, { from, to }) => vault.agenda.range(from, to),
  'standingAppointments.listForClient': ({ vault }, { clientId }) => vault.standingAppointments.listForClient(clientId),
  'standingAppointments.create': ({ vault }, { appointment }) => vault.standingAppointments.create(appointment),
  'standingAppointments.update': ({ vault }, { id, appointment }) => vault.standingAppointments.update(id, appointment),
};
