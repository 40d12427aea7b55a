export {
  approveSimulatedOrder,
  setSimulatedVirtFusionOutage,
  ZOutageInput,
} from '#server/offline-control.ts'
