import { MilestoneFieldsDto } from '../../dto/milestone-fields.dto.js';

export class LogMilestoneDto extends MilestoneFieldsDto {}
