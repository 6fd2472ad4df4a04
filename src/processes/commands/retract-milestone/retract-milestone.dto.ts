import { ReasonDto } from '../../dto/reason.dto.js';

export class RetractMilestoneDto extends ReasonDto {}
