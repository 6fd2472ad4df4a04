import { ReasonDto } from '../../http/reason.dto.js';

export class RetractMilestoneDto extends ReasonDto {}
