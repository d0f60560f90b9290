// The controllers, in the order one pass runs them.
import type { Controller } from '../world.js';
import { kubeletController } from './kubelet.js';
import { lifecycleController } from './lifecycle.js';
import { offloadingController } from './offloading.js';
import { reflectionController } from './reflection.js';
import { schedulerController } from './scheduler.js';
import { sliceController } from './slices.js';
import { virtualNodeController } from './virtualNodes.js';
import { workloadController } from './workloads.js';

export const controllers: Controller[] = [
  lifecycleController,
  sliceController,
  virtualNodeController,
  offloadingController,
  workloadController,
  schedulerController,
  reflectionController,
  kubeletController,
];
